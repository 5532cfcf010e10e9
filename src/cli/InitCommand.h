#pragma once

#include "CliCommand.h"

namespace hindsight {

/** `hindsight-cli init`: creates a store, empty or holding the demo events. */
class InitCommand final : public CliCommand
{
public:
    QString name() const override;
    QString summary() const override;
    QString description() const override;
    void addOptions(QCommandLineParser& parser) const override;
    int run(const QCommandLineParser& parser, CliContext& context) const override;
};

} // namespace hindsight
