#pragma once

#include "CliCommand.h"

namespace hindsight {

/** `hindsight-cli export`: writes every event in an import format, to a file or standard output. */
class ExportCommand final : public CliCommand
{
public:
    QString name() const override;
    QString summary() const override;
    QString description() const override;
    void addOptions(QCommandLineParser& parser) const override;
    int run(const QCommandLineParser& parser, CliContext& context) const override;
};

} // namespace hindsight
