# The torch runtime settings, the strict weight loader (aicl_torch_core) and the samplers (aicl_sampling).
aicl_gtest(test_torch_core TORCH LIBS aicl_torch_core aicl_sampling
           SOURCES engine/test_runtime.cpp engine/test_weight_loader.cpp engine/test_schedulers.cpp)
aicl_gtest(test_logging LIBS aicl_io SOURCES engine/test_logging.cpp)
