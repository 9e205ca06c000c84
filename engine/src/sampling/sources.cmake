target_sources(aicl_sampling PRIVATE src/sampling/schedulers.cpp src/sampling/noise.cpp)
