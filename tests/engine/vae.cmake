# The VAEs (diffusers' AutoencoderKL, LVDM's through the name table, the ModelScope manifest): one binary, one
# translation unit (see aicl_gtest).
aicl_gtest(test_vae TORCH LIBS aicl_vae
           SOURCES engine/test_autoencoder_kl.cpp engine/test_vae_manifest.cpp engine/test_ldm_vae.cpp)
