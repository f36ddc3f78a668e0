#pragma once
// Two monthly REES46 logs (October and November 2019) small enough to read
// by eye, for the tests of the log set and the per-user features:
//   user 1 visits in October and comes back in November (stays),
//   user 2 visits in October only (churns at the 2019-11-01 cutoff),
//   user 3 first comes on 30 November (no row at 2019-11-01).
// The last event is on 30 November, so November is covered as a whole.

#include <filesystem>
#include <string_view>

#include "testing/temp_dir.h"

namespace churn::features::testing {

inline constexpr std::string_view kRees46Header =
    "event_time,event_type,product_id,category_id,category_code,brand,price,user_id,user_session\n";

inline void WriteTwoMonthLogs(const std::filesystem::path& folder) {
  churn::testing::WriteTextFile(folder / "2019-Oct.csv",
                                std::string(kRees46Header) +
                                    "2019-10-05 10:00:00 UTC,view,10,100,,acme,20.00,1,s1\n"
                                    "2019-10-05 10:05:00 UTC,purchase,10,100,,acme,20.00,1,s1\n"
                                    "2019-10-20 12:00:00 UTC,view,11,100,,acme,35.50,2,s2\n");
  churn::testing::WriteTextFile(folder / "2019-Nov.csv",
                                std::string(kRees46Header) +
                                    "2019-11-10 09:00:00 UTC,view,10,100,,acme,20.00,1,s3\n"
                                    "2019-11-30 18:00:00 UTC,view,12,100,,acme,5.00,3,s4\n");
}

}  // namespace churn::features::testing
