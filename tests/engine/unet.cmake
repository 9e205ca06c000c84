aicl_gtest(test_attention TORCH LIBS aicl_nn SOURCES engine/test_attention.cpp)
aicl_gtest(test_nn_kernels TORCH LIBS aicl_nn SOURCES engine/test_nn_kernels.cpp)
aicl_gtest(test_unet3d TORCH LIBS aicl_unet SOURCES engine/test_unet3d.cpp)
aicl_gtest(test_unet_manifest TORCH LIBS aicl_unet SOURCES engine/test_unet_manifest.cpp)
