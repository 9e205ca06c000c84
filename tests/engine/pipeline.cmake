aicl_gtest(test_pipeline TORCH LIBS aicl_pipeline SOURCES engine/test_pipeline.cpp)
target_compile_definitions(test_pipeline PRIVATE AICL_TINY_MODEL_DIR="${AICL_TINY_MODEL_DIR}")
aicl_gtest(test_checkpoint_inspect LIBS aicl_pipeline SOURCES engine/test_checkpoint_inspect.cpp)
aicl_gtest(test_checkpoint_convert TORCH LIBS aicl_pipeline aicl_echoreel SOURCES engine/test_checkpoint_convert.cpp)
