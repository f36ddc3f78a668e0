// The translation unit that tests/CMakeLists.txt's churn_test_headers
// precompiles its headers with; the test programs reuse that header.
