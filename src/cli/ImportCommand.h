#pragma once

#include "CliCommand.h"

#include <memory>

namespace hindsight {

class StagedStore;

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

private:
    /** The store to import into; for a --store file that does not exist, a StagedStore set in @p staged. */
    static Result<std::unique_ptr<EventStore>> openStore(CliContext& context, std::unique_ptr<StagedStore>& staged);
};

} // namespace hindsight
