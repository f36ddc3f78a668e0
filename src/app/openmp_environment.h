#pragma once
// XGBoost runs on OpenMP threads, and GNU OpenMP lets idle threads spin by
// default. On a shared 2-core machine the spinning was seen to make training
// ten times slower, so churn-radar asks for the passive wait policy unless
// the user chose one. OpenMP reads OMP_WAIT_POLICY once, when the library
// loads, before main: the variable is set and the program starts itself
// again, once.

namespace churn::app {

// Returns only when OMP_WAIT_POLICY was already set, or when the restart
// failed (no /proc, say): the default policy then applies.
void RestartWithPassiveOpenMpWaiting(char** argv);

}  // namespace churn::app
