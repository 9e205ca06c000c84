# A tiny diffusers text-to-video folder assembled from the reference fixtures (random weights): links, not
# copies, to ../shared/fixtures. The pipeline and command-line tests load it like a real model folder.
set(AICL_TINY_MODEL_DIR "${PROJECT_BINARY_DIR}/tiny-model")
set(_fixtures "${AICL_SHARED_DIR}/fixtures")
if(EXISTS "${_fixtures}/unet3d_tiny_a/weights.safetensors" AND EXISTS "${_fixtures}/vae_tiny/weights.safetensors"
   AND EXISTS "${_fixtures}/clip_text_tiny/weights.safetensors" AND EXISTS "${_fixtures}/clip_tokenizer/vocab.json")
  set(AICL_TINY_MODEL_AVAILABLE ON)
  foreach(link
      "unet/config.json=unet3d_tiny_a/config.json"
      "unet/diffusion_pytorch_model.safetensors=unet3d_tiny_a/weights.safetensors"
      "vae/config.json=vae_tiny/config.json"
      "vae/diffusion_pytorch_model.safetensors=vae_tiny/weights.safetensors"
      "text_encoder/config.json=clip_text_tiny/config.json"
      "text_encoder/model.safetensors=clip_text_tiny/weights.safetensors"
      "tokenizer/vocab.json=clip_tokenizer/vocab.json"
      "tokenizer/merges.txt=clip_tokenizer/merges.txt"
      "scheduler/scheduler_config.json=schedulers/config_ddim.json")
    string(REPLACE "=" ";" parts "${link}")
    list(GET parts 0 target)
    list(GET parts 1 source)
    get_filename_component(folder "${AICL_TINY_MODEL_DIR}/${target}" DIRECTORY)
    file(MAKE_DIRECTORY "${folder}")
    file(CREATE_LINK "${_fixtures}/${source}" "${AICL_TINY_MODEL_DIR}/${target}" SYMBOLIC)
  endforeach()
  file(WRITE "${AICL_TINY_MODEL_DIR}/model_index.json"
       "{\"_class_name\": \"TextToVideoSDPipeline\", \"unet\": [\"diffusers\", \"UNet3DConditionModel\"], "
       "\"vae\": [\"diffusers\", \"AutoencoderKL\"], \"text_encoder\": [\"transformers\", \"CLIPTextModel\"], "
       "\"tokenizer\": [\"transformers\", \"CLIPTokenizer\"], \"scheduler\": [\"diffusers\", \"DDIMScheduler\"]}\n")
  file(WRITE "${AICL_TINY_MODEL_DIR}/tokenizer/tokenizer_config.json" "{\"pad_token\": \"!\"}\n")
else()
  set(AICL_TINY_MODEL_AVAILABLE OFF)
  message(STATUS "fixtures absent: the tiny-model pipeline tests are skipped")
endif()
