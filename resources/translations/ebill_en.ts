<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>AccountHitsModel</name>
    <message>
        <location filename="../../src/ebill_desktop/ui/account_hits_model.py" line="17"/>
        <source>Account no.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/account_hits_model.py" line="18"/>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/account_hits_model.py" line="19"/>
        <source>Address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/account_hits_model.py" line="20"/>
        <source>Meter no.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/account_hits_model.py" line="21"/>
        <source>Mobile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/account_hits_model.py" line="22"/>
        <source>Category</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/account_hits_model.py" line="23"/>
        <source>Outstanding</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConsumerView</name>
    <message>
        <location filename="../../src/ebill_desktop/ui/consumer_view.py" line="67"/>
        <source>Consumer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/consumer_view.py" line="69"/>
        <source>Consumer name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/consumer_view.py" line="72"/>
        <source>Address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/consumer_view.py" line="74"/>
        <location filename="../../src/ebill_desktop/ui/consumer_view.py" line="120"/>
        <source>Total due</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/consumer_view.py" line="77"/>
        <source>Data as of</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/consumer_view.py" line="80"/>
        <source>Notice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/consumer_view.py" line="92"/>
        <location filename="../../src/ebill_desktop/ui/consumer_view.py" line="151"/>
        <source>Open bills</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/consumer_view.py" line="95"/>
        <source>Recent bills</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/consumer_view.py" line="97"/>
        <source>Meters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/consumer_view.py" line="99"/>
        <source>Payments received</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/consumer_view.py" line="130"/>
        <source>Lighter bars: estimated readings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/consumer_view.py" line="134"/>
        <source>History</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/consumer_view.py" line="135"/>
        <source>&amp;Recent bills</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/consumer_view.py" line="136"/>
        <source>Pa&amp;yments received</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/consumer_view.py" line="137"/>
        <source>&amp;Meters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/consumer_view.py" line="141"/>
        <source>Consumption, last 12 bills</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/consumer_view.py" line="143"/>
        <source>Esc: back to the search   ·   F1: all shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/consumer_view.py" line="161"/>
        <source>Account no.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/consumer_view.py" line="162"/>
        <source>Legacy no.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/consumer_view.py" line="163"/>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/consumer_view.py" line="164"/>
        <source>Category</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/consumer_view.py" line="165"/>
        <source>Office</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/consumer_view.py" line="166"/>
        <source>Supply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/consumer_view.py" line="167"/>
        <source>Sanctioned load</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/consumer_view.py" line="168"/>
        <source>Mobile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/consumer_view.py" line="169"/>
        <source>Connected on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/consumer_view.py" line="189"/>
        <source>Loading account {account}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/consumer_view.py" line="214"/>
        <source>Account {account} is not in this terminal&apos;s data. Check the number, or sync.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/consumer_view.py" line="216"/>
        <source>Account not found</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/consumer_view.py" line="250"/>
        <source>Data as of: never synced (demo or first start)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/consumer_view.py" line="251"/>
        <source>Data as of {moment}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/consumer_view.py" line="255"/>
        <source>Active</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/consumer_view.py" line="256"/>
        <source>Disconnected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/consumer_view.py" line="257"/>
        <source>Closed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/consumer_view.py" line="272"/>
        <source>Scanned bill {bill} is open.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/consumer_view.py" line="275"/>
        <source>Scanned bill {bill} is not among the open bills (paid or replaced).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/consumer_view.py" line="297"/>
        <source>The account could not be loaded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/consumer_view.py" line="298"/>
        <source>Error: {error}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConsumptionChart</name>
    <message>
        <location filename="../../src/ebill_desktop/ui/consumption_chart.py" line="31"/>
        <source>Consumption chart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/consumption_chart.py" line="50"/>
        <source>No consumption recorded yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/consumption_chart.py" line="52"/>
        <source>{month}: {units} units</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/consumption_chart.py" line="53"/>
        <source>{month}: {units} units (estimated)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CounterApp</name>
    <message>
        <location filename="../../src/ebill_desktop/ui/counter_app.py" line="81"/>
        <source>ebill cannot start</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HelpOverlay</name>
    <message>
        <location filename="../../src/ebill_desktop/ui/help_overlay.py" line="18"/>
        <location filename="../../src/ebill_desktop/ui/help_overlay.py" line="29"/>
        <source>Keyboard shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/help_overlay.py" line="44"/>
        <source>Press Esc or F1 to close.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LoginView</name>
    <message>
        <location filename="../../src/ebill_desktop/ui/login_view.py" line="51"/>
        <source>Operator login</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/login_view.py" line="55"/>
        <location filename="../../src/ebill_desktop/ui/login_view.py" line="130"/>
        <source>Password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/login_view.py" line="58"/>
        <location filename="../../src/ebill_desktop/ui/login_view.py" line="60"/>
        <source>Log in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/login_view.py" line="62"/>
        <source>Login message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/login_view.py" line="74"/>
        <source>ebill counter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/login_view.py" line="76"/>
        <source>Log in to start taking payments.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/login_view.py" line="83"/>
        <source>&amp;Operator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/login_view.py" line="84"/>
        <source>&amp;Password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/login_view.py" line="124"/>
        <source>Demo mode: log in with one of these</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/login_view.py" line="130"/>
        <source>Login</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/login_view.py" line="130"/>
        <source>Role</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/login_view.py" line="130"/>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/login_view.py" line="159"/>
        <source>Type your operator login.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/login_view.py" line="163"/>
        <source>Type your password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/login_view.py" line="169"/>
        <source>Checking…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/login_view.py" line="188"/>
        <source>Could not check the login: {error}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LookupView</name>
    <message>
        <location filename="../../src/ebill_desktop/ui/lookup_view.py" line="65"/>
        <source>Search</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/lookup_view.py" line="67"/>
        <source>Account, meter, mobile or bill number, name or address; or scan the bill.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/lookup_view.py" line="70"/>
        <source>Account no., meter no., mobile, bill no., name or address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/lookup_view.py" line="75"/>
        <source>Search result</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/lookup_view.py" line="80"/>
        <source>Accounts found</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/lookup_view.py" line="91"/>
        <source>&amp;Find a consumer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/lookup_view.py" line="120"/>
        <source>Searching…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/lookup_view.py" line="186"/>
        <source>That cannot be searched for.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/lookup_view.py" line="190"/>
        <source>No consumer matches “{query}”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/lookup_view.py" line="195"/>
        <source>More than {count} consumers match. Type more of the name or address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/lookup_view.py" line="200"/>
        <source>Bill bar code read: opening the consumer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/lookup_view.py" line="202"/>
        <source>Found by {key}: opening the consumer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/lookup_view.py" line="203"/>
        <source>One consumer found: opening.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/lookup_view.py" line="204"/>
        <source>{count} consumers found. Up and Down choose one, Enter opens it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/lookup_view.py" line="210"/>
        <source>account number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/lookup_view.py" line="211"/>
        <source>legacy account number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/lookup_view.py" line="212"/>
        <source>meter number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/lookup_view.py" line="213"/>
        <source>mobile number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/lookup_view.py" line="214"/>
        <source>bill number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/lookup_view.py" line="220"/>
        <source>The search could not be done: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/lookup_view.py" line="226"/>
        <source>Type an account, meter, mobile or bill number, or part of a name or address, then press Enter. Or scan the bar code on the bill.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../src/ebill_desktop/ui/main_window.py" line="55"/>
        <source>ebill counter · {terminal}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/main_window.py" line="57"/>
        <source>ebill counter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/main_window.py" line="68"/>
        <source>Operator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/main_window.py" line="69"/>
        <source>Terminal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/main_window.py" line="70"/>
        <source>Data as of</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/main_window.py" line="74"/>
        <source>Terminal {terminal} · Office {office}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/main_window.py" line="107"/>
        <source>F1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/main_window.py" line="107"/>
        <source>Show or hide this list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/main_window.py" line="108"/>
        <source>Enter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/main_window.py" line="108"/>
        <source>Search; open the chosen consumer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/main_window.py" line="109"/>
        <source>Up / Down</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/main_window.py" line="109"/>
        <source>Choose a consumer in the results</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/main_window.py" line="110"/>
        <source>Page Up / Page Down</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/main_window.py" line="110"/>
        <source>Move ten results at a time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/main_window.py" line="111"/>
        <source>Esc</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/main_window.py" line="111"/>
        <source>Back to the search; clear the search</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/main_window.py" line="112"/>
        <source>F2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/main_window.py" line="112"/>
        <source>New search, from any view</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/main_window.py" line="113"/>
        <source>Ctrl+L</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/main_window.py" line="113"/>
        <source>Lock the counter (log out)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/main_window.py" line="115"/>
        <source>Scan a bill</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/main_window.py" line="116"/>
        <source>Open the consumer of the scanned bill, from any view</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/main_window.py" line="118"/>
        <source>Alt+O / Alt+P</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/main_window.py" line="118"/>
        <source>Operator and password fields at log-in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/main_window.py" line="174"/>
        <source>Log in before scanning a bill.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/main_window.py" line="182"/>
        <source>The counter is locked. Log in to continue.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/main_window.py" line="186"/>
        <source>Locked after {minutes} minutes without use. Log in to continue.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/main_window.py" line="218"/>
        <source>Not logged in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/main_window.py" line="221"/>
        <source>{name} ({login})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/main_window.py" line="228"/>
        <source>Data as of: never synced</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/main_window.py" line="231"/>
        <source>Data as of {moment}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MetersModel</name>
    <message>
        <location filename="../../src/ebill_desktop/ui/meters_model.py" line="16"/>
        <source>Meter no.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/meters_model.py" line="17"/>
        <source>Registers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/meters_model.py" line="18"/>
        <source>Multiplying factor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/meters_model.py" line="19"/>
        <source>Digits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/meters_model.py" line="20"/>
        <source>Installed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/meters_model.py" line="21"/>
        <source>Removed</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OpenBillsModel</name>
    <message>
        <location filename="../../src/ebill_desktop/ui/open_bills_model.py" line="18"/>
        <source>Bill no.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/open_bills_model.py" line="19"/>
        <source>Period</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/open_bills_model.py" line="20"/>
        <source>Due date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/open_bills_model.py" line="21"/>
        <source>Cheque by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/open_bills_model.py" line="22"/>
        <source>Arrears</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/open_bills_model.py" line="23"/>
        <source>By due date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/open_bills_model.py" line="24"/>
        <source>After due date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/open_bills_model.py" line="25"/>
        <source>Still due</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PostingsModel</name>
    <message>
        <location filename="../../src/ebill_desktop/ui/postings_model.py" line="17"/>
        <source>Counter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/postings_model.py" line="18"/>
        <source>Kiosk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/postings_model.py" line="19"/>
        <source>Online</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/postings_model.py" line="23"/>
        <source>Paid at</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/postings_model.py" line="27"/>
        <source>Amount</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/postings_model.py" line="28"/>
        <source>Channel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/postings_model.py" line="29"/>
        <source>Place</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/postings_model.py" line="30"/>
        <source>Receipt no.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RecentBillsModel</name>
    <message>
        <location filename="../../src/ebill_desktop/ui/recent_bills_model.py" line="18"/>
        <source>Open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/recent_bills_model.py" line="19"/>
        <source>Part paid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/recent_bills_model.py" line="20"/>
        <location filename="../../src/ebill_desktop/ui/recent_bills_model.py" line="28"/>
        <source>Paid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/recent_bills_model.py" line="21"/>
        <source>Cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/recent_bills_model.py" line="24"/>
        <source>Bill no.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/recent_bills_model.py" line="25"/>
        <source>Period</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/recent_bills_model.py" line="26"/>
        <source>Units</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/recent_bills_model.py" line="27"/>
        <source>Payable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../src/ebill_desktop/ui/recent_bills_model.py" line="30"/>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
