# ctest fixture: one small trained and explained demo for the server's API
# and browser tests, made once per ctest run instead of once per test.
#   cmake -DBIN=churn-radar -DOUT=folder -P make_served_models.cmake
file(REMOVE_RECURSE "${OUT}")
file(MAKE_DIRECTORY "${OUT}")
file(WRITE "${OUT}/config.yaml" "logs:
  path: raw
output:
  data: data
  models: models
demo:
  users: 3000
  months: 3
churn:
  cohort_active_days: 30
train:
  bootstrap_resamples: 20
")
foreach(step "make-dataset;--demo" "run")
  execute_process(COMMAND "${BIN}" --quiet --config "${OUT}/config.yaml" ${step}
                  WORKING_DIRECTORY "${OUT}" RESULT_VARIABLE status OUTPUT_QUIET)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "churn-radar ${step} failed (${status}) in ${OUT}")
  endif()
endforeach()
