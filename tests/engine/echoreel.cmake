# EchoReel's denoiser: parity with the fixture and the released model's module tree (one binary: each torch test
# binary loads the precompiled torch header and links LibTorch once more).
aicl_gtest(test_echoreel_unet TORCH LIBS aicl_echoreel
           SOURCES engine/test_echoreel_unet.cpp engine/test_echoreel_manifest.cpp)
