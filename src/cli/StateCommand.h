#pragma once

#include "CliCommand.h"

namespace hindsight {

/** `hindsight-cli state`: the customer table (Table 3-1) now or as of a time. */
class StateCommand final : public CliCommand
{
public:
    QString name() const override;
    QString summary() const override;
    QString description() const override;
    void addOptions(QCommandLineParser& parser) const override;
    int run(const QCommandLineParser& parser, CliContext& context) const override;
};

} // namespace hindsight
