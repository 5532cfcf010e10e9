#pragma once

#include "CustomerTableLoader.h"
#include "CustomerTableModel.h"
#include "MainWindow.h"
#include "MessageBox.h"
#include "StoreFactory.h"

#include <QTemporaryDir>
#include <QTest>

#include <memory>

namespace hindsight::test {

/** The window has finished loading and shows the loader's latest snapshot. */
inline bool windowReady(const MainWindow& window)
{
    return !window.isLoading() && window.customerModel()->snapshot() == window.loader()->snapshot();
}

/**
 * A fresh copy of the demo store (Table 3-2) in @p dir, opened in a shown window that polls every 100 ms and
 * has finished loading, with MessageBox counters reset. @p path receives the store's path. nullptr if a step failed.
 */
inline std::unique_ptr<MainWindow> openDemoWindow(const QTemporaryDir& dir, QString* path)
{
    static int stores = 0;
    *path = dir.filePath(QStringLiteral("demo%1.hindsight").arg(++stores));
    MessageBox::resetCounters();
    if (!StoreFactory::createDemo(*path))
        return nullptr;
    auto window = std::make_unique<MainWindow>();
    window->setPollInterval(100);
    window->show();
    if (!window->openStore(*path) || !QTest::qWaitFor([&window] { return windowReady(*window); }, 5000))
        return nullptr;
    return window;
}

} // namespace hindsight::test
