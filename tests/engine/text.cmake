aicl_gtest(test_clip_tokenizer TORCH LIBS aicl_text SOURCES engine/test_clip_tokenizer.cpp)
aicl_gtest(test_clip_text_model TORCH LIBS aicl_text SOURCES engine/test_clip_text_model.cpp)
