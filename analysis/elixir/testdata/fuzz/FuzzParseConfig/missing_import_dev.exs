go test fuzz v1
[]byte("import Config\n")
