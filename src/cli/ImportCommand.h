#pragma once

#include "CliCommand.h"

namespace hindsight {

/** `hindsight-cli import`: brings events in from CSV, JSON Lines, DynamoDB JSON or EventBridge files, all or nothing. */
class ImportCommand final : public CliCommand
{
public:
    QString name() const override;
    QString summary() const override;
    QString arguments() const override;
    QString description() const override;
    void addOptions(QCommandLineParser& parser) const override;
    int run(const QCommandLineParser& parser, CliContext& context) const override;
};

} // namespace hindsight
