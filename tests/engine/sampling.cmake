aicl_gtest(test_schedulers TORCH LIBS aicl_sampling SOURCES engine/test_schedulers.cpp)
