/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TLS_COMMAND_LINE_H
#define TLS_COMMAND_LINE_H

#include "ns3/attribute.h"
#include "ns3/nstime.h"
#include "ns3/string.h"
#include "ns3/type-id.h"

#include <cstdint>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup tls
 * A strict front end to ns-3's CommandLine for simulation programs.
 *
 * ns-3's CommandLine takes "--loss=0.01x" as 0.01, wraps "--clients=-3" to
 * 4294967293, aborts on "--delay=abc" and on an unknown TypeId name, and a
 * program that copies attribute defaults into locals before parsing silently
 * ignores "--ns3::Type::Attribute=value". TlsCommandLine instead:
 *
 * - binds program options to attribute defaults (AddAttribute: "--delay" sets
 *   the default of "ns3::TlsExperiment::ClientDelay"), so that objects created
 *   after Parse() take either the option or "--ns3::Type::Attribute=value";
 * - applies every "--ns3::Type::Attribute=value" (and ns-3 global values such
 *   as --RngRun) before the program options, so that a program option given
 *   together with the attribute it is bound to wins, in any order;
 * - parses every value strictly (the whole string, no sign for unsigned
 *   numbers, times and rates within range), and checks it against the
 *   attribute's checker before handing it to ns-3;
 * - ends a bad command line with exit status 1 and one line on stderr that
 *   names the option or attribute, the value, and what is allowed.
 *
 * --PrintHelp, --PrintAttributes=TypeId and the other ns-3 general arguments
 * work as usual; a bound option's help shows the attribute it sets and its
 * current default (after the program's own Config::SetDefault calls).
 * --PrintAttributes and a bound option's help also list the allowed values of
 * a choice attribute (an EnumValue, or a StringValue with a TlsChoiceChecker).
 */
class TlsCommandLine
{
  public:
    /// Takes a value, returns "" or what is allowed ("a number from 0 to 1").
    using Setter = std::function<std::string(const std::string& value)>;
    /// Checks a value already parsed by the attribute; returns "" or what is allowed.
    using Check = std::function<std::string(const std::string& value)>;

    /**
     * \param program the program name used in messages ("tls-experiment")
     * \param usage the usage text shown by --PrintHelp
     */
    TlsCommandLine(const std::string& program, const std::string& usage);

    /**
     * Add an option bound to the default value of an attribute.
     * \param name option name without dashes
     * \param attributePath "ns3::Type::Attribute"
     * \param check optional extra check of the value (e.g. "not negative")
     */
    void AddAttribute(const std::string& name,
                      const std::string& attributePath,
                      Check check = nullptr);

    /**
     * Add an option handled by the program.
     * \param name option name without dashes
     * \param help help text
     * \param shownDefault default shown in the help ("" for none)
     * \param setter called with the value in command-line order (after every
     *        attribute argument); returns "" or what is allowed
     */
    void AddOption(const std::string& name,
                   const std::string& help,
                   const std::string& shownDefault,
                   Setter setter);

    /**
     * Parse the command line. Prints help and exits 0 for --PrintHelp and the
     * other ns-3 general arguments; prints one line and exits 1 on any error.
     * \param argc argument count
     * \param argv arguments
     */
    void Parse(int argc, char* argv[]);

    /**
     * \param name an option name
     * \return true if the option was on the command line
     */
    bool Given(const std::string& name) const;

    /**
     * Refuse --ns3::Type::Attribute and global value arguments: for a program
     * that builds no ns-3 object, where they would be taken and never used.
     * \param why why they have no effect, for the error line
     */
    void RefuseAttributes(const std::string& why);

    /**
     * \param attributePath "ns3::Type::Attribute"
     * \return true if "--ns3::Type::Attribute=..." was on the command line
     */
    bool AttributeGiven(const std::string& attributePath) const;

    /**
     * Print "program: message" on stderr and exit with status 1.
     * \param message the message
     */
    [[noreturn]] void Fail(const std::string& message) const;

    /**
     * Check an attribute value as Config::SetDefault would take it, strictly.
     * \param attributePath "ns3::Type::Attribute" or the name of a GlobalValue
     * \param value the value
     * \return "" or a message naming the attribute, the value and what is allowed
     */
    static std::string CheckAttribute(const std::string& attributePath, const std::string& value);

    /**
     * Set an attribute default after CheckAttribute.
     * \param attributePath "ns3::Type::Attribute" or a GlobalValue name
     * \param value the value
     * \return "" or the error message
     */
    static std::string SetDefault(const std::string& attributePath, const std::string& value);

    /**
     * \param attributePath "ns3::Type::Attribute"
     * \return the attribute's current default, serialized ("" if there is no such attribute)
     */
    static std::string GetDefault(const std::string& attributePath);

    /**
     * \param attributePath "ns3::Type::Attribute"
     * \return the value its default was changed to (Config::SetDefault or a
     *         --ns3:: option; times in seconds, like "0.05s"), or "" while it
     *         has its original value
     */
    static std::string ChangedDefault(const std::string& attributePath);

    /**
     * Refuse changed defaults of a type the program never creates.
     * \param typeName a TypeId name, like "ns3::TlsCpu"
     * \param why why it has no effect, like "tls-handshake has no crypto CPU model"
     * \return "" or one line: "attribute T::A has value 'V', which has no effect: WHY"
     */
    static std::string CheckUnusedType(const std::string& typeName, const std::string& why);

    /**
     * Refuse changed defaults of the Linux profile's own ProfiledTcpSocket attributes
     * (Rack, TailLossProbe, LinuxQuickAcks, LinuxSynRetries, LinuxSynAckRetries,
     * LinuxRetries2) while ProfiledTcpSocket::Profile is Ns3, which ignores them.
     * Parse() calls it once every setting is in.
     * \return "" or one line naming the attribute
     */
    static std::string CheckTcpProfile();

    /**
     * Refuse changed defaults of attributes that a program or helper sets
     * itself on the objects it builds, where the change would be overwritten
     * without a word.
     * \param shadowed (attribute path, the program's own setting it is set
     *        from, like "HandshakeTimeout (--handshakeTimeout)")
     * \param who who sets them, like "the experiment"
     * \return "" or one line: "attribute P has value 'V', which WHO would
     *         overwrite with its own S: set that instead"
     */
    static std::string CheckShadowed(
        const std::vector<std::pair<std::string, std::string>>& shadowed,
        const std::string& who);

    /**
     * Parse a time strictly: a finite decimal number and a unit (y, d, h, min,
     * s, ms, us, ns, ps, fs; none = s), within ns-3's range.
     * \param text the text
     * \param[out] t the time
     * \return true if valid
     */
    static bool ParseTime(const std::string& text, Time* t);

    /**
     * \param text the text
     * \param[out] v the number (the whole text, digits only)
     * \return true if valid
     */
    static bool ParseUnsigned(const std::string& text, uint64_t* v);

    /**
     * \param text the text
     * \param[out] v the number (the whole text, optional sign)
     * \return true if valid
     */
    static bool ParseSigned(const std::string& text, int64_t* v);

    /**
     * \param text the text
     * \param[out] v the number (the whole text, finite)
     * \return true if valid
     */
    static bool ParseDouble(const std::string& text, double* v);

    /**
     * \param text the text: true/false, 1/0, t/f, yes/no (any case), or "" for true
     * \param[out] v the value
     * \return true if valid
     */
    static bool ParseBool(const std::string& text, bool* v);

    /**
     * The names a choice attribute allows.
     * \param checker an attribute's checker
     * \return the names of an EnumChecker or a TlsChoiceChecker, in declaration
     *         order; empty for any other checker
     */
    static std::vector<std::string> Choices(Ptr<const AttributeChecker> checker);

    /**
     * Print the attributes of a type and of its parents, as ns-3's
     * --PrintAttributes does, with the allowed values of choice attributes.
     * \param os the stream
     * \param tid the type
     */
    static void PrintAttributes(std::ostream& os, TypeId tid);

    /**
     * Check that a file can be written, without leaving it behind if it did not exist.
     * \param path the path
     * \return "" or why not
     */
    static std::string CheckWritable(const std::string& path);

    /**
     * \param path a file path
     * \return a name that is the same for two paths of the same file (absolute,
     *         normal, symbolic links resolved as far as the path exists)
     */
    static std::string SameFileKey(const std::string& path);

  private:
    /// A program option.
    struct Option
    {
        std::string name;          //!< option name
        std::string help;          //!< help text
        std::string shownDefault;  //!< default shown in the help
        std::string attributePath; //!< bound attribute, if any
        Check check;               //!< extra check of a bound option
        Setter setter;             //!< setter of a program option
    };

    /**
     * \param name an option name
     * \return the option, or nullptr
     */
    const Option* Find(const std::string& name) const;

    std::string m_program;                   //!< program name
    std::string m_usage;                     //!< usage text
    std::vector<Option> m_options;           //!< options in declaration order
    std::set<std::string> m_given;           //!< options given
    std::set<std::string> m_attributesGiven; //!< attribute paths given
    std::string m_attributesRefused;         //!< why attributes are refused ("" = taken)
};

/**
 * \ingroup tls
 * Checker of a StringValue attribute that takes one of a closed set of names,
 * for attributes whose value stays a string in the code (an EnumValue is the
 * usual choice). Setting any other value fails as it does for an EnumValue,
 * and TlsCommandLine lists the names in --PrintAttributes and in its refusals.
 */
class TlsChoiceChecker : public StringChecker
{
  public:
    /// \param names the allowed values ("" may be one of them)
    explicit TlsChoiceChecker(std::vector<std::string> names);

    /// \return the allowed values, in declaration order
    const std::vector<std::string>& GetNames() const;

    bool Check(const AttributeValue& value) const override;
    std::string GetValueTypeName() const override;
    bool HasUnderlyingTypeInformation() const override;
    std::string GetUnderlyingTypeInformation() const override;
    Ptr<AttributeValue> Create() const override;
    bool Copy(const AttributeValue& source, AttributeValue& destination) const override;

  private:
    std::vector<std::string> m_names; //!< allowed values
};

/**
 * \param names the allowed values of a StringValue attribute
 * \return a TlsChoiceChecker
 */
Ptr<const AttributeChecker> MakeTlsChoiceChecker(std::vector<std::string> names);

} // namespace ns3

#endif /* TLS_COMMAND_LINE_H */
