#pragma once

#include "CliCommand.h"

namespace hindsight {

/** `hindsight-cli history`: one customer's events, oldest first (Table 3-2). */
class HistoryCommand final : public CliCommand
{
public:
    QString name() const override;
    QString summary() const override;
    QString arguments() const override;
    void addOptions(QCommandLineParser& parser) const override;
    int run(const QCommandLineParser& parser, CliContext& context) const override;
};

} // namespace hindsight
