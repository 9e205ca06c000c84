aicl_gtest(test_training TORCH LIBS aicl_train aicl_pipeline aicl_actionworld SOURCES engine/test_training.cpp)
target_compile_definitions(test_training PRIVATE AICL_TINY_MODEL_DIR="${AICL_TINY_MODEL_DIR}"
                                                 AICL_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
add_dependencies(test_training aicl)
