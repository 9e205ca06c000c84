target_sources(aicl_vae PRIVATE
  src/vae/autoencoder_kl_config.cpp
  src/vae/ldm_vae_config.cpp
  src/vae/vae_key_names.cpp
  src/vae/vae_modules.cpp
  src/vae/autoencoder_kl.cpp
  src/vae/ldm_vae_weights.cpp
)
