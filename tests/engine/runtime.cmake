aicl_gtest(test_runtime TORCH LIBS aicl_torch_core SOURCES engine/test_runtime.cpp)
aicl_gtest(test_logging LIBS aicl_io SOURCES engine/test_logging.cpp)
