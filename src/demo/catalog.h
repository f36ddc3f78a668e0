#pragma once
// The demo shop's catalogue: categories with REES46-style 19-digit ids and
// dotted codes, brands and products with prices. Popularity is Zipf-like, as
// in real shops: a few categories and products draw most of the views.

#include <cstdint>
#include <string>
#include <vector>

#include "demo/alias_table.h"
#include "demo/random_stream.h"

namespace churn::demo {

struct Category {
  std::uint64_t id = 0;
  std::string code;  // empty where the shop has none, as for a third of real events
  std::uint32_t first_product = 0;
  std::uint32_t product_count = 0;
  AliasTable product_popularity;  // over this category's products
};

struct Product {
  std::uint64_t id = 0;
  std::uint32_t category = 0;
  std::int32_t brand = -1;  // index into Catalog::brands(), -1 where unknown
  std::int64_t price_cents = 0;
};

class Catalog {
 public:
  // Builds the same catalogue for the same seed.
  explicit Catalog(std::uint64_t seed);

  // A category by overall popularity.
  std::uint32_t DrawCategory(RandomStream& random) const {
    return category_popularity_.Draw(random);
  }
  // A product of the category by its popularity within it.
  std::uint32_t DrawProduct(std::uint32_t category, RandomStream& random) const;

  const std::vector<Category>& categories() const { return categories_; }
  const std::vector<Product>& products() const { return products_; }
  const std::vector<std::string>& brands() const { return brands_; }

 private:
  void BuildBrands(RandomStream& random);
  void BuildCategories(RandomStream& random);
  void BuildProducts(std::uint32_t category_idx, RandomStream& random);

  std::vector<std::string> brands_;
  std::vector<Category> categories_;
  std::vector<Product> products_;
  AliasTable category_popularity_;
  AliasTable brand_popularity_;
};

}  // namespace churn::demo
