# The dashboard's files, beside the binary: web/src as written, plus the
# chart library's builds (Vega, Vega-Lite, vega-embed) that `npm ci` put in
# web/node_modules from the committed web/package-lock.json
# (scripts/install-deps.sh runs it). The server reads them from
# <prefix>/share/churn-radar/web, in the build tree and once installed.

set(churn_web_source "${PROJECT_SOURCE_DIR}/web")
set(churn_web_output "${PROJECT_BINARY_DIR}/share/churn-radar/web")
set(churn_web_vendor
    "${churn_web_source}/node_modules/vega/build/vega.min.js"
    "${churn_web_source}/node_modules/vega-lite/build/vega-lite.min.js"
    "${churn_web_source}/node_modules/vega-embed/build/vega-embed.min.js")

foreach(vendor_file IN LISTS churn_web_vendor)
  if(NOT EXISTS "${vendor_file}")
    message(FATAL_ERROR "${vendor_file} is missing: run scripts/install-deps.sh "
                        "(it installs the dashboard's chart library with `npm ci` in web/)")
  endif()
endforeach()

# Copied on every build (about 1 MB): cheap, and never stale.
add_custom_target(churn_dashboard_assets ALL
  COMMAND "${CMAKE_COMMAND}" -E rm -rf "${churn_web_output}"
  COMMAND "${CMAKE_COMMAND}" -E copy_directory "${churn_web_source}/src" "${churn_web_output}"
  COMMAND "${CMAKE_COMMAND}" -E make_directory "${churn_web_output}/vendor"
  COMMAND "${CMAKE_COMMAND}" -E copy ${churn_web_vendor} "${churn_web_output}/vendor"
  COMMENT "Copying the dashboard's files to share/churn-radar/web"
  VERBATIM)

install(DIRECTORY "${churn_web_output}/" DESTINATION share/churn-radar/web)
