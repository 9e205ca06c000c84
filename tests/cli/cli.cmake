# The `aicl` command line, run as a user would: exit codes and output.
set(AICL_MEDIA_DIR "${AICL_SHARED_DIR}/media")

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
