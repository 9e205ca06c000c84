target_sources(aicl_unet PRIVATE src/unet/placeholder.cpp)
