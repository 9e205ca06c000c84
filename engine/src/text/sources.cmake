target_sources(aicl_text PRIVATE src/text/clip_tokenizer.cpp src/text/clip_text_model.cpp
                                 src/text/caption_vocabulary.cpp src/text/prompt_tokens.cpp)
find_path(AICL_ICU_INCLUDE_DIR unicode/uchar.h REQUIRED)
find_library(AICL_ICU_UC_LIBRARY icuuc REQUIRED)
target_include_directories(aicl_text SYSTEM PRIVATE ${AICL_ICU_INCLUDE_DIR})
target_link_libraries(aicl_text PRIVATE ${AICL_ICU_UC_LIBRARY})
