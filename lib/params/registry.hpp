#pragma once
// The parameter registry: one table per reference page plus frameout's own flags.
// Flags, JSON keys, validation and `frameout params` are all derived from these tables.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace frameout::params {

//! What kind of value a parameter takes.
enum class Kind {
  Toggle,  //!< on|off|1|0|true|false
  Int,     //!< a whole number
  Float,   //!< a real number
  String,  //!< free text (paths, timecodes, specs)
  Menu,    //!< one of the listed tokens
  Pulse,   //!< a momentary button (only meaningful on a live control channel)
  Pair,    //!< two values written "AxB" or set through its two part parameters
  List,    //!< repeatable: each value fills the next of its part parameters that is not set yet
};

//! Which page of the reference (or frameout's own page) a parameter belongs to.
enum class Page { MovieOut, Exr, Settings, Common, AudioFileOut, AudioCommon, Frameout };

//! How far this build implements a parameter.
enum class Status {
  Implemented,    //!< acted on
  NotYet,         //!< planned; giving it is refused with exit 5
  NotApplicable,  //!< a TouchDesigner viewer/network setting with no meaning for a command-line tool; refused with exit 5
};

//! Which command a parameter belongs to.
enum class Command { Movie, Audio, Both };

//! One menu entry: the token used on the command line and its human label.
struct MenuItem {
  std::string_view token;
  std::string_view label;
  Status status = Status::Implemented;  //!< a token can be planned while its menu already works
  std::string_view sets{};              //!< another parameter this token is a value of (set there instead)
};

//! The inclusive bounds of an Int parameter, checked when it is set.
struct IntRange {
  int64_t min;  //!< smallest accepted value
  int64_t max;  //!< largest accepted value
};

//! One parameter as declared on a reference page (or one of frameout's own flags).
struct ParamDef {
  std::string_view name;           //!< flag name without dashes, JSON key
  std::string_view label;          //!< human label
  Page page;                       //!< page it is listed on
  Command command;                 //!< which command accepts it
  Kind kind;                       //!< value type
  std::string_view default_value;  //!< default as text ("" when there is none)
  std::string_view help;           //!< one or two sentences, frameout's own words
  Status status;                   //!< implemented, not yet, or not applicable
  std::vector<MenuItem> menu{};    //!< tokens for Kind::Menu
  std::vector<std::string_view> parts{};  //!< part parameter names for Kind::Pair and Kind::List
  std::string_view unit{};         //!< optional unit shown in help ("kb/s", "fps")
  std::optional<IntRange> range{}; //!< bounds of an Int value where arithmetic on it could overflow
};

//! Every declared parameter, reference pages first, then frameout's own flags.
std::span<const ParamDef> all_params();

//! The parameter with this exact name for the command, or nullptr.
const ParamDef* find_param(std::string_view name, Command command);

//! Up to three known names close to an unknown one, closest first.
std::vector<std::string_view> suggest(std::string_view unknown, Command command);

//! Lower-case name of a page as shown by `frameout params`.
std::string_view page_name(Page page);
//! Lower-case name of a kind as shown by `frameout params`.
std::string_view kind_name(Kind kind);
//! Lower-case name of a status as shown by `frameout params`.
std::string_view status_name(Status status);

//! Whether a parameter is accepted by the given command.
bool belongs_to(const ParamDef& def, Command command);

}  // namespace frameout::params
