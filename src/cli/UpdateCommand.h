#pragma once

#include "CliCommand.h"

namespace hindsight {

/** `hindsight-cli update`: appends an AccountUpdated event with the customer's full new state. */
class UpdateCommand final : public CliCommand
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
