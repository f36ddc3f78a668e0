#pragma once
// The CDNOW sample's 2,357 customers (tests/fixtures/README.md says where
// it comes from): ID,x,t_x,T,zbar, in weeks.

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "features/purchase_history.h"

namespace churn::value::testing {

inline std::vector<features::PurchaseHistory> CdnowCustomers() {
  std::ifstream file(std::string(CHURN_FIXTURES_DIR) +
                     "/cdnow_customers_summary_with_transactions.csv");
  std::string line;
  std::getline(file, line);
  std::vector<features::PurchaseHistory> customers;
  while (std::getline(file, line)) {
    std::istringstream fields(line);
    std::string id;
    features::PurchaseHistory history;
    char comma = 0;
    std::getline(fields, id, ',');
    fields >> history.frequency >> comma >> history.recency >> comma >> history.age >> comma >>
        history.monetary;
    customers.push_back(history);
  }
  return customers;
}

}  // namespace churn::value::testing
