# The UNet3D and its kernels (attention, norms, GEGLU), against diffusers and the ModelScope manifest.
aicl_gtest(test_unet TORCH LIBS aicl_nn aicl_unet
           SOURCES engine/test_attention.cpp engine/test_nn_kernels.cpp engine/test_unet3d.cpp
                   engine/test_unet_manifest.cpp)
