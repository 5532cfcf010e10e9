#pragma once

#include <QString>

#include <optional>
#include <utility>
#include <variant>

namespace hindsight {

/** What kind of failure an operation met; callers branch on this, people read the message. */
enum class ErrorCode {
    InvalidArgument, ///< a value the caller passed is malformed (names the field)
    Validation,      ///< a domain rule refused the command (names the field)
    NotFound,        ///< no such customer or event
    Conflict,        ///< optimistic concurrency: the stream moved on (see Error::currentVersion)
    DuplicateEvent,  ///< an event id is stored already with different content
    NotAStore,       ///< the file is not a Hindsight store
    NewerSchema,     ///< the store was written by a newer Hindsight
    Corrupt,         ///< the store's content breaks an invariant
    ReadOnly,        ///< the store was opened read-only
    Io,              ///< the database or file system failed
    Parse,           ///< input text could not be read (names file, line and field)
    Cancelled,       ///< the caller stopped the operation part-way; nothing was changed
};

/** An error by value: a code to branch on and a message that says what and where. */
struct Error {
    ErrorCode code = ErrorCode::InvalidArgument;
    QString message;
    QString field;             ///< the offending field, when one is to blame
    qint64 currentVersion = -1; ///< for Conflict: the stream's version now
    qint64 line = 0;           ///< for Parse: 1-based line of the input
};

inline Error makeError(ErrorCode code, QString message, QString field = {})
{
    Error e;
    e.code = code;
    e.message = std::move(message);
    e.field = std::move(field);
    return e;
}

/** A value or an Error. Core functions return this; they never throw and never show dialogs. */
template <typename T>
class [[nodiscard]] Result
{
public:
    Result(T value) : m_data(std::in_place_index<0>, std::move(value)) {}
    Result(Error error) : m_data(std::in_place_index<1>, std::move(error)) {}

    bool ok() const { return m_data.index() == 0; }
    explicit operator bool() const { return ok(); }

    const T& value() const& { return std::get<0>(m_data); }
    T& value() & { return std::get<0>(m_data); }
    T&& value() && { return std::get<0>(std::move(m_data)); }
    const T& operator*() const& { return value(); }
    const T* operator->() const { return &value(); }

    const Error& error() const { return std::get<1>(m_data); }

private:
    std::variant<T, Error> m_data;
};

template <>
class [[nodiscard]] Result<void>
{
public:
    Result() = default;
    Result(Error error) : m_error(std::move(error)) {}

    bool ok() const { return !m_error.has_value(); }
    explicit operator bool() const { return ok(); }
    const Error& error() const { return *m_error; }

private:
    std::optional<Error> m_error;
};

} // namespace hindsight
