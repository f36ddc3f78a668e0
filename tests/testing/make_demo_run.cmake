# A ctest fixture's demo run: churn-radar's STEPS, run once per ctest run in
# the folder OUT with CONFIG copied in as config.yaml, for the end-to-end
# suites that read the result (churn_add_demo_run in tests/CMakeLists.txt).
# Each step's stdout and stderr are kept beside it as step_<n>.out and
# step_<n>.err, so that tests can check what a command printed.
#
#   cmake -DBIN=churn-radar -DOUT=folder -DCONFIG=run.yaml
#         "-DSTEPS=make-dataset --demo|run" -P make_demo_run.cmake
file(REMOVE_RECURSE "${OUT}")
file(MAKE_DIRECTORY "${OUT}")
configure_file("${CONFIG}" "${OUT}/config.yaml" COPYONLY)
string(REPLACE "|" ";" steps "${STEPS}")
set(step_idx 0)
foreach(step IN LISTS steps)
  math(EXPR step_idx "${step_idx} + 1")
  separate_arguments(arguments UNIX_COMMAND "${step}")
  execute_process(COMMAND "${BIN}" ${arguments}
                  WORKING_DIRECTORY "${OUT}"
                  RESULT_VARIABLE status
                  OUTPUT_FILE "${OUT}/step_${step_idx}.out"
                  ERROR_FILE "${OUT}/step_${step_idx}.err")
  if(NOT status EQUAL 0)
    file(READ "${OUT}/step_${step_idx}.err" stderr_text)
    message(FATAL_ERROR "churn-radar ${step} failed (${status}) in ${OUT}:\n${stderr_text}")
  endif()
endforeach()
