#pragma once

#include "Gzip.h"

namespace hindsight::test {

/** The limits of Gzip set for one test, and put back after it. */
class GzipLimitsForTest
{
public:
    explicit GzipLimitsForTest(const Gzip::Limits& limits)
        : m_saved(Gzip::limits())
    {
        Gzip::setLimits(limits);
    }
    ~GzipLimitsForTest() { Gzip::setLimits(m_saved); }
    GzipLimitsForTest(const GzipLimitsForTest&) = delete;
    GzipLimitsForTest& operator=(const GzipLimitsForTest&) = delete;

private:
    Gzip::Limits m_saved;
};

} // namespace hindsight::test
