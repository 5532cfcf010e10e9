#pragma once

#include "CliCommand.h"

namespace hindsight {

/** `hindsight-cli verify`: checks the store's integrity, hash chain, streams and customer table. */
class VerifyCommand final : public CliCommand
{
public:
    QString name() const override;
    QString summary() const override;
    QString description() const override;
    void addOptions(QCommandLineParser& parser) const override;
    int run(const QCommandLineParser& parser, CliContext& context) const override;
};

} // namespace hindsight
