; Inno Setup script for Newsdesk on Windows (x64). WRITTEN, NOT TESTED.
;
; Wraps the same PyInstaller one-folder build as the Linux package:
;   1. py -3.11 -m venv .venv && .venv\Scripts\pip install -e ".[package]"
;   2. .venv\Scripts\pyinstaller --noconfirm packaging\newsdesk.spec
;        -> dist\newsdesk\newsdesk.exe (console) and dist\newsdesk\newsdesk-gui.exe (windowed)
;   3. iscc /DAppVersion=0.1.0 packaging\windows\newsdesk.iss
;        -> dist\newsdesk-0.1.0-setup.exe
; The version must be the one in pyproject.toml; packaging/README.md shows how to read it.
;
; The analyst's database lives in %LOCALAPPDATA%\newsdesk (platformdirs); the uninstaller only
; removes {app}, so the database stays.

#ifndef AppVersion
  #error Pass the version: iscc /DAppVersion=X.Y.Z packaging\windows\newsdesk.iss
#endif

[Setup]
AppId={{6E0B5E8C-3C2F-4C1B-9F0D-5A7D2E1B9C41}
AppName=Newsdesk
AppVersion={#AppVersion}
AppPublisher=Newsdesk maintainers
DefaultDirName={autopf}\Newsdesk
DefaultGroupName=Newsdesk
DisableProgramGroupPage=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
PrivilegesRequiredOverridesAllowed=dialog
OutputDir=..\..\dist
OutputBaseFilename=newsdesk-{#AppVersion}-setup
SetupIconFile=..\..\resources\icons\newsdesk.ico
UninstallDisplayIcon={app}\newsdesk-gui.exe
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ChangesEnvironment=yes

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked
Name: "addtopath"; Description: "Add the newsdesk command to PATH"; Flags: unchecked

[Files]
Source: "..\..\dist\newsdesk\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\Newsdesk"; Filename: "{app}\newsdesk-gui.exe"; IconFilename: "{app}\newsdesk-gui.exe"
Name: "{autodesktop}\Newsdesk"; Filename: "{app}\newsdesk-gui.exe"; Tasks: desktopicon

[Registry]
Root: HKA; Subkey: "Environment"; ValueType: expandsz; ValueName: "Path"; \
  ValueData: "{olddata};{app}"; Tasks: addtopath; Check: NeedsAddPath(ExpandConstant('{app}'))

[Run]
Filename: "{app}\newsdesk.exe"; Parameters: "selftest"; Flags: runhidden; StatusMsg: "Checking the installation..."
Filename: "{app}\newsdesk-gui.exe"; Description: "{cm:LaunchProgram,Newsdesk}"; Flags: nowait postinstall skipifsilent

[Code]
function NeedsAddPath(Dir: string): Boolean;
var
  Path: string;
begin
  if not RegQueryStringValue(HKEY_CURRENT_USER, 'Environment', 'Path', Path) then
    Path := '';
  Result := Pos(';' + Uppercase(Dir) + ';', ';' + Uppercase(Path) + ';') = 0;
end;
