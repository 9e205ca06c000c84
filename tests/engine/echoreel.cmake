# EchoReel's denoiser: parity with the fixture, the released model's module tree and the Denoiser interface (one
# binary: each torch test binary loads the precompiled torch header and links LibTorch once more).
aicl_gtest(test_echoreel_unet TORCH LIBS aicl_echoreel aicl_backbone aicl_vae aicl_text
           SOURCES engine/test_echoreel_unet.cpp engine/test_echoreel_manifest.cpp engine/test_denoiser.cpp)

# The tiny EchoReel release converted to a model folder, made once before the command-line and app tests that
# open it (from the echoreel_unet, ldm_vae and clip_tokenizer fixtures, read in place).
set(AICL_TINY_ECHOREEL_DIR "${PROJECT_BINARY_DIR}/tiny-echoreel")
set(_fixtures "${AICL_SHARED_DIR}/fixtures")
if(EXISTS "${_fixtures}/echoreel_unet_tiny/weights.safetensors" AND EXISTS "${_fixtures}/ldm_vae_tiny/weights.safetensors"
   AND EXISTS "${_fixtures}/clip_tokenizer/vocab.json")
  set(AICL_TINY_ECHOREEL_AVAILABLE ON)
  aicl_executable(make_tiny_echoreel support/make_tiny_echoreel.cpp)
  set_target_properties(make_tiny_echoreel PROPERTIES AUTOMOC OFF AUTOUIC OFF)
  target_include_directories(make_tiny_echoreel PRIVATE ${PROJECT_SOURCE_DIR}/tests/support ${PROJECT_SOURCE_DIR}/engine/src)
  target_link_libraries(make_tiny_echoreel PRIVATE aicl_pipeline)
  target_compile_definitions(make_tiny_echoreel PRIVATE AICL_SHARED_DIR="${AICL_SHARED_DIR}"
                                                        AICL_BINARY_DIR="${PROJECT_BINARY_DIR}")
  target_precompile_headers(make_tiny_echoreel REUSE_FROM aicl_torch_core)
  add_test(NAME tiny_echoreel COMMAND make_tiny_echoreel ${AICL_TINY_ECHOREEL_DIR})
  set_tests_properties(tiny_echoreel PROPERTIES FIXTURES_SETUP tiny_echoreel ENVIRONMENT "AICL_SHARED_DIR=${AICL_SHARED_DIR}")
else()
  set(AICL_TINY_ECHOREEL_AVAILABLE OFF)
endif()
