# The motion view's dense optical flow.
aicl_gtest(test_dense_motion LIBS aicl_dense_motion SOURCES engine/test_dense_motion.cpp)
