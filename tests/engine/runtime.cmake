# The torch runtime settings and the strict weight loader (aicl_torch_core).
aicl_gtest(test_torch_core TORCH LIBS aicl_torch_core SOURCES engine/test_runtime.cpp engine/test_weight_loader.cpp)
aicl_gtest(test_logging LIBS aicl_io SOURCES engine/test_logging.cpp)
