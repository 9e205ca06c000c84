aicl_gtest(test_text TORCH LIBS aicl_text SOURCES engine/test_clip_tokenizer.cpp engine/test_clip_text_model.cpp)
