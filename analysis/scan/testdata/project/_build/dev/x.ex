Numpy.from_build(1)
