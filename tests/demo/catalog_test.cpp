#include "demo/catalog.h"

#include <gtest/gtest.h>

#include <set>

namespace churn::demo {
namespace {

TEST(CatalogTest, SameSeedSameCatalogueWithCategoriesBrandsAndPrices) {
  Catalog first(9);
  Catalog second(9);
  ASSERT_EQ(first.products().size(), second.products().size());
  EXPECT_EQ(first.products()[100].id, second.products()[100].id);
  EXPECT_EQ(first.categories()[3].code, second.categories()[3].code);
  for (const Product& product : first.products()) {
    ASSERT_GT(product.price_cents, 0);
    ASSERT_LT(product.category, first.categories().size());
  }
  for (const Category& category : first.categories()) {
    EXPECT_GE(category.id, 1000000000000000000ULL) << "19-digit category ids";
  }
}

TEST(CatalogTest, SomeCategoriesHaveNoCodeAndSomeProductsNoBrand) {
  Catalog catalog(3);
  std::size_t uncoded = 0;
  for (const Category& category : catalog.categories()) {
    uncoded += category.code.empty() ? 1 : 0;
  }
  std::size_t unbranded = 0;
  for (const Product& product : catalog.products()) {
    unbranded += product.brand < 0 ? 1 : 0;
  }
  EXPECT_GT(uncoded, 0U);
  EXPECT_LT(uncoded, catalog.categories().size());
  EXPECT_GT(unbranded, 0U);
  EXPECT_LT(unbranded, catalog.products().size() / 2);
}

TEST(CatalogTest, ProductIdsAreUniqueAndDrawnProductsBelongToTheirCategory) {
  Catalog catalog(5);
  std::set<std::uint64_t> ids;
  for (const Product& product : catalog.products()) {
    ids.insert(product.id);
  }
  EXPECT_EQ(ids.size(), catalog.products().size());
  RandomStream random(1);
  for (int draw_idx = 0; draw_idx < 1000; ++draw_idx) {
    std::uint32_t category = catalog.DrawCategory(random);
    std::uint32_t product = catalog.DrawProduct(category, random);
    ASSERT_EQ(catalog.products()[product].category, category);
  }
}

}  // namespace
}  // namespace churn::demo
