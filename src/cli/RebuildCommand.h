#pragma once

#include "CliCommand.h"

namespace hindsight {

/** `hindsight-cli rebuild`: rebuilds the customer table (the projection) from the log, in one transaction. */
class RebuildCommand final : public CliCommand
{
public:
    QString name() const override;
    QString summary() const override;
    QString description() const override;
    void addOptions(QCommandLineParser& parser) const override;
    int run(const QCommandLineParser& parser, CliContext& context) const override;
};

} // namespace hindsight
