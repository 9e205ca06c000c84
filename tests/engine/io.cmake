aicl_gtest(test_safetensors LIBS aicl_io SOURCES engine/test_safetensors.cpp)
aicl_gtest(test_weight_loader TORCH LIBS aicl_torch_core SOURCES engine/test_weight_loader.cpp)
aicl_gtest(test_torch_checkpoint LIBS aicl_io SOURCES engine/test_torch_checkpoint.cpp)
