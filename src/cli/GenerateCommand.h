#pragma once

#include "CliCommand.h"

namespace hindsight {

/** `hindsight-cli generate`: fills a store with a deterministic synthetic history. */
class GenerateCommand final : public CliCommand
{
public:
    QString name() const override;
    QString summary() const override;
    QString description() const override;
    void addOptions(QCommandLineParser& parser) const override;
    int run(const QCommandLineParser& parser, CliContext& context) const override;
};

} // namespace hindsight
