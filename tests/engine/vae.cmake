aicl_gtest(test_autoencoder_kl TORCH LIBS aicl_vae SOURCES engine/test_autoencoder_kl.cpp)
aicl_gtest(test_vae_manifest TORCH LIBS aicl_vae SOURCES engine/test_vae_manifest.cpp)
aicl_gtest(test_ldm_vae TORCH LIBS aicl_vae SOURCES engine/test_ldm_vae.cpp)
