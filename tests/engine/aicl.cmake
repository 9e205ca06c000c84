aicl_gtest(test_aicl TORCH LIBS aicl_pipeline aicl_adapter aicl_actionworld SOURCES engine/test_aicl.cpp)
target_compile_definitions(test_aicl PRIVATE AICL_TINY_MODEL_DIR="${AICL_TINY_MODEL_DIR}")
