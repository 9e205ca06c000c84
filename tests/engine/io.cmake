aicl_gtest(test_safetensors LIBS aicl_io SOURCES engine/test_safetensors.cpp)
aicl_gtest(test_torch_checkpoint LIBS aicl_io SOURCES engine/test_torch_checkpoint.cpp)
