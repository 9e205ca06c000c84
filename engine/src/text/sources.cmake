target_sources(aicl_text PRIVATE src/text/placeholder.cpp)
