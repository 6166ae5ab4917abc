Numpy.script_call(1)
