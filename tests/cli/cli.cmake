# The `aicl` command line, run as a user would: exit codes and output.
set(AICL_MEDIA_DIR "${AICL_SHARED_DIR}/media")

aicl_gtest(test_progress_bar SOURCES cli/test_progress_bar.cpp)
target_include_directories(test_progress_bar PRIVATE ${PROJECT_SOURCE_DIR}/cli)

add_test(NAME cli_probe_good_file
         COMMAND $<TARGET_FILE:aicl> probe ${AICL_MEDIA_DIR}/h264_basketball_426x240.mp4)
set_tests_properties(cli_probe_good_file PROPERTIES PASS_REGULAR_EXPRESSION "\"width\": 426" TIMEOUT 60)

# Not decodable videos: the command must exit non-zero (WILL_FAIL inverts that into a pass), never crash or hang.
foreach(bad broken_random_bytes.mp4 audio_only_pcm_s16le.wav broken_header_zeroed.mp4)
  string(MAKE_C_IDENTIFIER "cli_probe_rejects_${bad}" test_name)
  add_test(NAME ${test_name} COMMAND $<TARGET_FILE:aicl> probe ${AICL_MEDIA_DIR}/${bad})
  set_tests_properties(${test_name} PROPERTIES WILL_FAIL TRUE TIMEOUT 60)
  # ... and say why in one line naming the file (a crash prints no such line).
  add_test(NAME ${test_name}_message COMMAND $<TARGET_FILE:aicl> probe ${AICL_MEDIA_DIR}/${bad})
  set_tests_properties(${test_name}_message PROPERTIES
                       PASS_REGULAR_EXPRESSION "aicl probe: [^\n]*${bad}: " TIMEOUT 60)
endforeach()
set_tests_properties(cli_probe_rejects_audio_only_pcm_s16le_wav_message PROPERTIES
                     PASS_REGULAR_EXPRESSION "audio_only_pcm_s16le.wav: no video stream")

add_test(NAME cli_probe_missing_file COMMAND $<TARGET_FILE:aicl> probe ${AICL_MEDIA_DIR}/does_not_exist.mp4)
set_tests_properties(cli_probe_missing_file PROPERTIES WILL_FAIL TRUE TIMEOUT 60)

# A truncated download: the index lists 188 frames, the file holds 76-83 of them.
add_test(NAME cli_probe_truncated_file COMMAND $<TARGET_FILE:aicl> probe ${AICL_MEDIA_DIR}/broken_truncated_half.mov)
set_tests_properties(cli_probe_truncated_file PROPERTIES TIMEOUT 60
                     PASS_REGULAR_EXPRESSION "\"truncated\": true,[ \n]*\"decodable_frames\": (7[6-9]|8[0-3])")

# A prompt longer than the text encoder's window is cut, and the command line says so (default model).
string(REPEAT "a red circle " 40 _long_prompt)
set(_tokens_out "${PROJECT_BINARY_DIR}/test-scratch/cli_long_prompt")
file(MAKE_DIRECTORY "${_tokens_out}")
add_test(NAME cli_generate_warns_of_a_cut_prompt
         COMMAND $<TARGET_FILE:aicl> generate --prompt "${_long_prompt}" --frames 2 --steps 1 --mode baseline
                 --out ${_tokens_out}/long.mp4)
set_tests_properties(cli_generate_warns_of_a_cut_prompt PROPERTIES TIMEOUT 120
                     PASS_REGULAR_EXPRESSION "the prompt has 120 tokens; the text encoder reads the first 75")

# aicl inspect on a PyTorch checkpoint file (the torch_checkpoints fixture, read in place).
set(_checkpoints "${AICL_SHARED_DIR}/fixtures/torch_checkpoints")
if(EXISTS "${_checkpoints}/deepspeed_style.pt")
  add_test(NAME cli_inspect_checkpoint COMMAND $<TARGET_FILE:aicl> inspect --model ${_checkpoints}/deepspeed_style.pt)
  set_tests_properties(cli_inspect_checkpoint PROPERTIES TIMEOUT 60
                       PASS_REGULAR_EXPRESSION "checkpoint: .*unet_base +LVDM UNet")
  add_test(NAME cli_inspect_truncated_checkpoint COMMAND $<TARGET_FILE:aicl> inspect --model ${_checkpoints}/truncated_zip.pt)
  set_tests_properties(cli_inspect_truncated_checkpoint PROPERTIES TIMEOUT 60
                       PASS_REGULAR_EXPRESSION "aicl inspect: [^\n]*truncated_zip.pt")
endif()

# aicl generate / inspect on the tiny fixture model (tests/tiny_model.cmake).
if(AICL_TINY_MODEL_AVAILABLE)
  set(_out "${PROJECT_BINARY_DIR}/test-scratch/cli_generate")
  file(MAKE_DIRECTORY "${_out}")
  add_test(NAME cli_generate_mp4
           COMMAND $<TARGET_FILE:aicl> generate --model ${AICL_TINY_MODEL_DIR} --prompt "a red circle bouncing"
                   --frames 4 --steps 2 --seed 3 --out ${_out}/tiny.mp4)
  set_tests_properties(cli_generate_mp4 PROPERTIES TIMEOUT 300 PASS_REGULAR_EXPRESSION "wrote .*tiny.mp4 \\(4 frames")
  add_test(NAME cli_generate_output_probes COMMAND $<TARGET_FILE:aicl> probe ${_out}/tiny.mp4)
  set_tests_properties(cli_generate_output_probes PROPERTIES DEPENDS cli_generate_mp4 TIMEOUT 60
                       PASS_REGULAR_EXPRESSION "\"frames\": 4")
  add_test(NAME cli_generate_bad_size
           COMMAND $<TARGET_FILE:aicl> generate --model ${AICL_TINY_MODEL_DIR} --prompt x --size 30x30 --out ${_out}/x.mp4)
  set_tests_properties(cli_generate_bad_size PROPERTIES TIMEOUT 300 PASS_REGULAR_EXPRESSION "aicl generate: size 30x30")
  add_test(NAME cli_generate_missing_model
           COMMAND $<TARGET_FILE:aicl> generate --model ${_out}/nowhere --prompt x --out ${_out}/x.mp4)
  set_tests_properties(cli_generate_missing_model PROPERTIES TIMEOUT 60 PASS_REGULAR_EXPRESSION "nowhere: not a model folder")
  add_test(NAME cli_inspect COMMAND $<TARGET_FILE:aicl> inspect --model ${AICL_TINY_MODEL_DIR})
  set_tests_properties(cli_inspect PROPERTIES TIMEOUT 60
                       PASS_REGULAR_EXPRESSION "unet +UNet3DConditionModel \\(32,64\\).*1328900 parameters, F32")
endif()

# aicl eval --quick: the preset's settings (printed before the model loads, so a missing model keeps this
# cheap), and explicit flags win over it.
set(_eval_out "${PROJECT_BINARY_DIR}/test-scratch/cli_eval")
add_test(NAME cli_eval_quick_settings
         COMMAND $<TARGET_FILE:aicl> eval --quick --model ${_eval_out}/nowhere --out ${_eval_out}/quick.json)
set_tests_properties(cli_eval_quick_settings PROPERTIES TIMEOUT 60 PASS_REGULAR_EXPRESSION
                     "eval --quick: videos per action 2, references 3, steps 10, guidance 7.5\n")
add_test(NAME cli_eval_quick_explicit_flags_win
         COMMAND $<TARGET_FILE:aicl> eval --steps 7 --quick --references 2 --model ${_eval_out}/nowhere
                 --out ${_eval_out}/quick.json)
set_tests_properties(cli_eval_quick_explicit_flags_win PROPERTIES TIMEOUT 60 PASS_REGULAR_EXPRESSION
                     "eval --quick: videos per action 2, references 2, steps 7,")
add_test(NAME cli_eval_settings_without_quick
         COMMAND $<TARGET_FILE:aicl> eval --model ${_eval_out}/nowhere --out ${_eval_out}/full.json)
set_tests_properties(cli_eval_settings_without_quick PROPERTIES TIMEOUT 60 PASS_REGULAR_EXPRESSION
                     "eval: videos per action 4, references 3, steps 25,")

# `aicl convert` on a DeepSpeed checkpoint that holds a few UNet tensors and nothing else: one line naming the file
# and the missing parts (the full conversion is tested in test_checkpoint_convert).
add_test(NAME cli_convert_names_the_missing_parts
         COMMAND $<TARGET_FILE:aicl> convert ${AICL_SHARED_DIR}/fixtures/torch_checkpoints/deepspeed_style.pt
                 --out ${PROJECT_BINARY_DIR}/test-scratch/cli_convert_deepspeed)
set_tests_properties(cli_convert_names_the_missing_parts PROPERTIES TIMEOUT 60
                     PASS_REGULAR_EXPRESSION "aicl convert: [^\n]*deepspeed_style.pt: no VAE weights \\(first_stage_model\\.\\*\\)")

# EchoReel's model in the command line: the tiny release (tests/engine/echoreel.cmake) converted, inspected and
# run in Both mode end to end, and the checkpoint file itself accepted by generate (converted into the cache).
if(AICL_TINY_ECHOREEL_AVAILABLE)
  set(_echo "${PROJECT_BINARY_DIR}/test-scratch/cli_echoreel")
  file(MAKE_DIRECTORY "${_echo}")
  add_test(NAME cli_convert_echoreel
           COMMAND $<TARGET_FILE:aicl> convert ${AICL_TINY_ECHOREEL_DIR}/tiny_echoreel.safetensors --out ${_echo}/converted
                   --config ${AICL_TINY_ECHOREEL_DIR}/tiny_echoreel.convert.json
                   --tokenizer ${AICL_SHARED_DIR}/fixtures/clip_tokenizer --overwrite)
  set_tests_properties(cli_convert_echoreel PROPERTIES TIMEOUT 120 FIXTURES_REQUIRED tiny_echoreel
                       PASS_REGULAR_EXPRESSION "unet +650 tensors, 873524 parameters")
  add_test(NAME cli_inspect_echoreel COMMAND $<TARGET_FILE:aicl> inspect --model ${AICL_TINY_ECHOREEL_DIR}/model)
  set_tests_properties(cli_inspect_echoreel PROPERTIES TIMEOUT 60 FIXTURES_REQUIRED tiny_echoreel
                       PASS_REGULAR_EXPRESSION "EchoReelUNetModel \\(LVDM, 32 x \\(1,1\\)\\)")
  add_test(NAME cli_generate_echoreel_both
           COMMAND $<TARGET_FILE:aicl> generate --model ${AICL_TINY_ECHOREEL_DIR}/model --mode both
                   --ref ${AICL_MEDIA_DIR}/h264_basketball_426x240.mp4 --ref-caption "a basketball game"
                   --prompt "a dog playing basketball" --steps 3 --seed 5 --out ${_echo}/both.mp4)
  set_tests_properties(cli_generate_echoreel_both PROPERTIES TIMEOUT 300 FIXTURES_REQUIRED tiny_echoreel
                       PASS_REGULAR_EXPRESSION "wrote .*both.baseline.mp4 and .*both.aicl.mp4 \\(16 frames each")
  add_test(NAME cli_generate_echoreel_checkpoint_file
           COMMAND ${CMAKE_COMMAND} -E env XDG_CACHE_HOME=${_echo}/cache
                   $<TARGET_FILE:aicl> generate --model ${AICL_TINY_ECHOREEL_DIR}/tiny_echoreel.safetensors
                   --prompt "a dog" --frames 4 --steps 2 --out ${_echo}/from_checkpoint.mp4)
  set_tests_properties(cli_generate_echoreel_checkpoint_file PROPERTIES TIMEOUT 300 FIXTURES_REQUIRED tiny_echoreel)
endif()
