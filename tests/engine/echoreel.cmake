aicl_gtest(test_echoreel_unet TORCH LIBS aicl_echoreel SOURCES engine/test_echoreel_unet.cpp)
aicl_gtest(test_echoreel_manifest TORCH LIBS aicl_echoreel SOURCES engine/test_echoreel_manifest.cpp)
